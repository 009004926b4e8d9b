# One command per line, as you would type them on the remote workstation.
kubectl apply -f svc-web.yaml
