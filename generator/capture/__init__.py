"""Capture: screenshots and highlights taken from the portal itself, replayed by script or recorded by clicking."""
