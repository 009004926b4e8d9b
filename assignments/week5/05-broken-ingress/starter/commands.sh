# One command per line, typed on the remote workstation.
