kubectl create -f rs-new.yaml
