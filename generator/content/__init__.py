"""Content: the YAML format staff write, its loader and validator, and the scaffold for new files."""
