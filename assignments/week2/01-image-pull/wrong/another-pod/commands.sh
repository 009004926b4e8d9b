kubectl create -f pod-web.yaml
