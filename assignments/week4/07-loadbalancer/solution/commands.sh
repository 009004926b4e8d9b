kubectl get svc {{ service }}
# No cloud and no MetalLB: EXTERNAL-IP stays <pending>, but the NodePort underneath works.
export PORT=$(kubectl get svc {{ service }} -o jsonpath='{.spec.ports[0].nodePort}')
curl -s http://192.168.100.201:$PORT
curl -s http://192.168.100.202:$PORT
