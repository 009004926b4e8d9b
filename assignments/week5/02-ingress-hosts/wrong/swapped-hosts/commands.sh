kubectl get ingress {{ ingress }}
export PORT=$(kubectl get svc -n ingress-nginx ingress-nginx-controller -o jsonpath='{.spec.ports[0].nodePort}')
curl -s -H "Host: {{ host_v1 }}" http://192.168.100.201:$PORT/
curl -s --resolve {{ host_v2 }}:$PORT:192.168.100.202 http://{{ host_v2 }}:$PORT/
