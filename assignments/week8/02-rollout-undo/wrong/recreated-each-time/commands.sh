kubectl delete deployment {{ deploy }}
kubectl create -f dp-v2.yaml --record
sleep 20
kubectl delete deployment {{ deploy }}
kubectl create -f dp-v3.yaml --record
sleep 20
kubectl delete deployment {{ deploy }}
kubectl create -f dp.yaml
