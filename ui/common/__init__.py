"""Small pieces several UI features share (no feature imports another)."""
