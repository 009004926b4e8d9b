kubectl expose pod {{ pod }} --name pf-shortcut --type NodePort --port 8080
curl http://192.168.100.201:$(kubectl get svc pf-shortcut -o jsonpath='{.spec.ports[0].nodePort}')
