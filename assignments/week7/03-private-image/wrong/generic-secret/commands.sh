kubectl describe pod -n {{ ns }} {{ pod }}
kubectl create secret generic {{ secret }} -n {{ ns }} --from-literal=username=whatwant --from-literal=password={{ token }}
kubectl delete pod -n {{ ns }} {{ pod }}
kubectl create -f pod-private.yaml
sleep 10
kubectl get pods -n {{ ns }}
