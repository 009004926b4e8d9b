kubectl get svc {{ service }}
export POD=$(kubectl get pods -l app={{ app }} -o jsonpath='{.items[0].status.podIP}')
export PORT=$(kubectl get svc {{ service }} -o jsonpath='{.spec.ports[0].nodePort}')
# a real curl that a pod answers, with a node address and the nodePort only in the query string
ssh vagrant@192.168.100.200 curl -s http://$POD:8080/?via=192.168.100.201:$PORT
