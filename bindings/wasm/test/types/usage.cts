// Type-checked (not run) by tarball.test.mjs: the declarations `require` sees.
import { ExpansionLimitError, parse, serialize, walk, type ParsedBlock } from 'gutenberg-post-parser';

const blocks: ParsedBlock[] = parse('<!-- wp:image {"id":1} /-->', { maxOutputBytes: null });
const markup: string = serialize(blocks);
const depths: number[] = walk(markup).map((entry) => entry.depth);
const error: Error = new ExpansionLimitError();
console.log(depths, error instanceof ExpansionLimitError);
