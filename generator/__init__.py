"""guidegen: step-by-step guide clips, lobby TV loops and a help site from procedure YAML."""

__version__ = "0.1.0"
