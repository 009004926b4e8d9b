kubectl describe pod -n {{ ns }} {{ pod }}
kubectl create secret docker-registry {{ secret }} -n {{ ns }} --docker-username=student --docker-password={{ token }} --docker-email=whatwant@example.com
kubectl delete pod -n {{ ns }} {{ pod }}
kubectl create -f pod-private.yaml
sleep 10
kubectl get pods -n {{ ns }}
