# Red team: the right Ingress, but the curl skips the controller: the Service's ClusterIP from a node,
# with the Host header set as if it went through the Ingress.
export IP=$(kubectl get svc svc-{{ app }}-v2 -o jsonpath='{.spec.clusterIP}')
ssh vagrant@192.168.100.200
curl -s -H "Host: {{ host_v2 }}" http://$IP/
