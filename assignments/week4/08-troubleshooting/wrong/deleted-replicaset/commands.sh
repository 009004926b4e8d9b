kubectl delete rs rs-{{ app }}
