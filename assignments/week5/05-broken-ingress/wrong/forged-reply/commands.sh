# Red team: the fixed files, and the reply printed instead of fetched.
echo "You've hit rs-{{ app }}-x7k2q (Ver2.0)"
