kubectl port-forward {{ pod }} {{ local_port }}:80 &
curl http://localhost:{{ local_port }}
