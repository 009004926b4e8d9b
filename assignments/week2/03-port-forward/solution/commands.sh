kubectl get pods -o wide
kubectl port-forward {{ pod }} {{ local_port }}:8080 &
sleep 2
curl http://localhost:{{ local_port }}
jobs
