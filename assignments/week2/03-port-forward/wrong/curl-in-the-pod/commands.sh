kubectl exec {{ pod }} -- curl -s http://localhost:8080
