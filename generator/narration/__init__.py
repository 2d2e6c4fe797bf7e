"""Narration: text normalisation, speech engines, audio clean-up, caption cues and the narration cache."""
