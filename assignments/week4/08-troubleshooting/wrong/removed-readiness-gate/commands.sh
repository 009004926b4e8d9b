# Red team: instead of making the pods Ready, take the gate away: the readiness probe is
# removed from the ReplicaSet's template and the pods are deleted, so their replacements
# are Ready at once.
kubectl patch rs rs-{{ app }} --type=json -p '[{"op":"remove","path":"/spec/template/spec/containers/0/readinessProbe"}]'
kubectl delete pods -l app={{ app }}
kubectl get pods
