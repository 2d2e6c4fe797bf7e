"""Lobby TV loops: playlists, announcement slides, the looping reel, kiosk player and signage files."""
