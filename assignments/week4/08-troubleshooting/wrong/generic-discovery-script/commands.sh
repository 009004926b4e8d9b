# One script for every student's variant: it discovers the names instead of reading them.
APP=$(kubectl get rs -o jsonpath='{.items[0].spec.selector.matchLabels.app}')
kubectl patch $(kubectl get svc -o name | grep svc-web) -p "{\"spec\":{\"selector\":{\"app\":\"$APP\"},\"ports\":[{\"port\":80,\"targetPort\":8080}]}}"
kubectl patch $(kubectl get svc -o name | grep svc-api) --type=json -p '[{"op":"replace","path":"/spec/ports/0/targetPort","value":"http"}]'
kubectl exec $(kubectl get pods -l app=$APP -o jsonpath='{.items[0].metadata.name}') -- touch /var/ready
kubectl exec $(kubectl get pods -l app=$APP -o jsonpath='{.items[1].metadata.name}') -- touch /var/ready
kubectl exec $(kubectl get pods -l app=$APP -o jsonpath='{.items[2].metadata.name}') -- touch /var/ready
