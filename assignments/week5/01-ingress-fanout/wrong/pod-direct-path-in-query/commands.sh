# Red team: the right Ingress, but the curl goes straight to a pod's address from a node, the
# controller's NodePort and the path only in the query string.
export PORT=$(kubectl get svc -n ingress-nginx ingress-nginx-controller -o jsonpath='{.spec.ports[0].nodePort}')
export IP=$(kubectl get pods -l app={{ api }} -o jsonpath='{.items[0].status.podIP}')
ssh vagrant@192.168.100.201
curl -s "http://$IP:8080/?via=192.168.100.201:$PORT{{ path_api }}"
