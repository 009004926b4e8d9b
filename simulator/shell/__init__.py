"""The shell: parse command lines, keep session state (cwd, ssh, exec'd shells), dispatch programs."""
