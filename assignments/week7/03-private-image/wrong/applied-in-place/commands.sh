kubectl create secret docker-registry {{ secret }} -n {{ ns }} --docker-username=whatwant --docker-password={{ token }}
kubectl apply -f pod-private.yaml
sleep 10
