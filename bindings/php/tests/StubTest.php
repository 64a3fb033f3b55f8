<?php

declare(strict_types=1);

use PHPUnit\Framework\TestCase;

/** The stub file declares what the extension defines: each function, class, method, parameter and property. */
final class StubTest extends TestCase
{
    public function testTheStubDeclaresEverythingTheExtensionDefines(): void
    {
        $stub = (string) file_get_contents(__DIR__ . '/../gutenberg_post_parser.stub.php');
        $extension = new ReflectionExtension('gutenberg_post_parser');
        $declared = 0;
        foreach ($extension->getFunctions() as $function) {
            if (str_starts_with($function->getName(), '_')) {
                continue; // private, for benchmarks
            }
            $this->assertStringContainsString("function {$function->getName()}(", $stub);
            foreach ($function->getParameters() as $parameter) {
                $this->assertStringContainsString("\${$parameter->getName()}", $stub, $function->getName());
            }
            $declared++;
        }
        foreach ($extension->getClasses() as $class) {
            $short = $class->getShortName();
            $this->assertMatchesRegularExpression("/\\bclass $short\\b/", $stub);
            foreach ($class->getMethods() as $method) {
                if ($method->getDeclaringClass()->getName() !== $class->getName()) {
                    continue;
                }
                $this->assertStringContainsString("function {$method->getName()}(", $stub, $short);
                foreach ($method->getParameters() as $parameter) {
                    $this->assertStringContainsString("\${$parameter->getName()}", $stub, "$short::{$method->getName()}");
                }
            }
            foreach ($class->getProperties() as $property) {
                if ($property->getDeclaringClass()->getName() === $class->getName()) {
                    $this->assertMatchesRegularExpression("/public readonly \\S+ \\\${$property->getName()};/", $stub, $short);
                }
            }
            $declared++;
        }
        $this->assertGreaterThanOrEqual(12, $declared);
    }
}
