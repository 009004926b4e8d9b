kubectl port-forward {{ pod }} {{ local_port }}:8080 &
curl http://localhost:{{ local_port }}
kill %1
