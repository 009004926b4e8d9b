from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kubegrade.accounts"
    label = "accounts"
