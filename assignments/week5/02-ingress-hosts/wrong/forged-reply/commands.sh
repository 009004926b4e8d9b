# Red team: the greeting printed, and the curl never typed outside a comment.
echo "You've hit rs-{{ app }}-v2 (Ver2.0)"
# curl -s -H "Host: {{ host_v2 }}" http://192.168.100.201:30080/
