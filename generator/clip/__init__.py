"""The clip stage, its modules in pipeline order.

plan (procedure -> storyboard), timeline (what each frame shows), draw (pictures), compose (scenes
-> encoded H.264, cached), h264 (skip frames), mux (soundtrack and the final MP4), render (every
clip of the catalogue), preview (contact sheet).
"""
