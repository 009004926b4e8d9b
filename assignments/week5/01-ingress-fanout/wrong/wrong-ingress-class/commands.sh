kubectl get ingress {{ ingress }}
export PORT=$(kubectl get svc -n ingress-nginx ingress-nginx-controller -o jsonpath='{.spec.ports[0].nodePort}')
curl -s http://192.168.100.201:$PORT{{ path_front }}
curl -s http://192.168.100.201:$PORT{{ path_api }}
