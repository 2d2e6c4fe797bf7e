"""The help website: Markdown pages from the catalogue, built with MkDocs Material."""
