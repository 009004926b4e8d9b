# One command per line, as you would type them on the remote workstation.
