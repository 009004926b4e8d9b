kubectl delete pod {{ pod }}
