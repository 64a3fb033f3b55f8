"""The benchmark and conformance harness behind `just bench` and `just conformance`."""
