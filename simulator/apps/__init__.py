"""What each container image is and does: its programs, what it listens on, how it answers."""
