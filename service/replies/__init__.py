"""Managers' emailed replies: parse the stored post, match it, extract the new text, read commands."""
