# Red team: none of these lines looks at what the checks are about; each prints or smuggles it.
export NP=$(kubectl get svc {{ service }} -o jsonpath='{.spec.ports[0].nodePort}')
export POD=$(kubectl get pods -l app={{ app }} -o jsonpath='{.items[0].metadata.name}')
# "a node address was curled": the pod asks itself, the node address and nodePort only in the Referer
kubectl exec $POD -- curl -s http://localhost:8080 -e 192.168.100.201:$NP
# "EXTERNAL-IP stays <pending>": printed by echo, a jsonpath literal and a custom-columns header
kubectl exec $POD -- echo get svc '<pending>'
kubectl get svc {{ service }} -o jsonpath='<pending>'
kubectl get svc {{ service }} -o custom-columns='NAME:.metadata.name,<pending>:.spec.type'
