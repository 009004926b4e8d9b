echo "Forwarding from 127.0.0.1:{{ local_port }} -> 8080"
echo "Handling connection for {{ local_port }}"
echo "You've hit {{ pod }}"
