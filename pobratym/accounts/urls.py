from django.urls import path

from .views import onboarding, signin, writing

app_name = "accounts"

urlpatterns = [
    # Signing in and out, second factor, password reset (views/signin.py).
    path("login/", signin.login_view, name="login"),
    path("login/code/", signin.login_otp_view, name="login_otp"),
    path("logout/", signin.logout_view, name="logout"),
    path("two-factor/", signin.two_factor_setup_view, name="two_factor_setup"),
    path("password-reset/", signin.password_reset_view, name="password_reset"),
    path("password-reset/sent/", signin.password_reset_done_view, name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        signin.password_reset_confirm_view,
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/", signin.password_reset_complete_view, name="password_reset_complete"
    ),
    # Joining, claiming, verifying, inviting, one's own data (views/onboarding.py).
    path("", onboarding.home_view, name="home"),
    path("sign-up/", onboarding.sign_up_view, name="sign_up"),
    path("sign-up/sent/", onboarding.sign_up_sent_view, name="sign_up_sent"),
    path("confirm/<str:token>/", onboarding.confirm_view, name="confirm"),
    path("claim/", onboarding.claim_view, name="claim"),
    path(
        "claim/new-organisation/", onboarding.organisation_request_view, name="organisation_request"
    ),
    path("verifications/", onboarding.verifications_view, name="verifications"),
    path("verifications/<int:pk>/", onboarding.decide_claim_view, name="decide_claim"),
    path("requests/<int:pk>/", onboarding.decide_request_view, name="decide_request"),
    path("organisation/<str:kind>/<str:key>/members/", onboarding.members_view, name="members"),
    path("members/<int:pk>/remove/", onboarding.remove_member_view, name="remove_member"),
    path("invitation/<str:token>/", onboarding.invitation_view, name="invitation"),
    path("my-data/", onboarding.my_data_export_view, name="my_data_export"),
    path("erase/", onboarding.erase_view, name="erase"),
    # Writing to an organisation's members instead of seeing its contacts (views/writing.py).
    path("write/<str:kind>/<str:key>/", writing.write_to_organisation, name="write"),
]
