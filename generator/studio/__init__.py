"""The studio: a local web app where an officer makes, checks and publishes guides without YAML or a terminal."""
