kubectl get ingress {{ ingress }}
kubectl describe ingress {{ ingress }}
kubectl get endpoints svc-{{ app }}
export PORT=$(kubectl get svc -n ingress-nginx ingress-nginx-controller -o jsonpath='{.spec.ports[0].nodePort}')
curl -s http://192.168.100.202:$PORT{{ path }}
