kubectl port-forward node-web-blue {{ local_port }}:8080 &
curl http://localhost:{{ local_port }}
