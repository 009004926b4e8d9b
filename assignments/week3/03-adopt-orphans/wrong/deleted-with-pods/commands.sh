kubectl delete replicaset {{ old_rs }}
kubectl create -f rs-new.yaml
