"""kubectl 1.23: flag parsing, the subcommands students use, and kubectl's error texts."""
