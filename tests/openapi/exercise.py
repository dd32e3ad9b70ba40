"""An integrator's first session, through a client generated from the server's OpenAPI
document by openapi-python-client (no patches): log in, list the campaigns, read one, take
an action, and read a refusal. Run by tests/integration/api_openapi.rs as

    python exercise.py BASE_URL LOGIN PASSWORD CAMPAIGN_ID

Prints one line per step; any surprise raises, and the exit status is non-zero.
"""

import sys

from campaign_desk_client import Client
from campaign_desk_client.api.campaigns import act_on_campaign, get_campaign, list_campaigns
from campaign_desk_client.api.session import log_in
from campaign_desk_client.models import (
    ActionKind,
    ActionRequest,
    ActionStartNeeds,
    ActOnCampaignAction,
    ApiError,
    CampaignDetail,
    CampaignList,
    LoginRequest,
    Me,
    RuleCode,
    Stage,
)


def main() -> None:
    base_url, login, password, campaign_id = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    client = Client(base_url=base_url, raise_on_unexpected_status=True)

    # 1. Log in: the answer sets the session cookie, which the client keeps.
    answer = log_in.sync_detailed(client=client, body=LoginRequest(login=login, password=password))
    assert answer.status_code == 200, answer
    me = answer.parsed
    assert isinstance(me, Me), me
    print(f"logged in as {me.name} ({me.role.value})")

    # 2. A wrong password is a typed refusal in both languages.
    wrong = log_in.sync_detailed(client=Client(base_url=base_url), body=LoginRequest(login=login, password="wrong"))
    assert wrong.status_code == 401, wrong.status_code
    assert isinstance(wrong.parsed, ApiError) and wrong.parsed.code == RuleCode.BAD_CREDENTIALS, wrong.parsed
    print(f"wrong password: {wrong.parsed.code.value}: {wrong.parsed.message_en}")

    # 3. The list: typed rows with typed stages.
    page = list_campaigns.sync(client=client, limit=50)
    assert isinstance(page, CampaignList), page
    row = next(r for r in page.items if r.id == campaign_id)
    assert isinstance(row.stage, Stage)
    print(f"listed {len(page.items)} campaigns; #{row.id} is at {row.stage.value}")

    # 4. One campaign, with what this account may do now.
    detail = get_campaign.sync(campaign_id, client=client)
    assert isinstance(detail, CampaignDetail), detail
    allowed = [a.action for a in detail.actions if a.allowed]
    assert ActionKind.START_NEEDS in allowed, allowed
    version = detail.campaign.to_dict()["version"]
    print(f"read #{campaign_id} at version {version}; may {', '.join(a.value for a in allowed)}")

    # 5. An action: the body names the version read and the action, tagged by its type.
    body = ActionRequest(version=version, action=ActionStartNeeds(type_="start_needs"))
    taken = act_on_campaign.sync_detailed(campaign_id, ActOnCampaignAction.START_NEEDS, client=client, body=body)
    assert taken.status_code == 200, (taken.status_code, taken.content)
    after = taken.parsed
    assert isinstance(after, CampaignDetail), after
    assert after.campaign.to_dict()["stage"] == "needs", after.campaign.to_dict()["stage"]
    print(f"took start_needs: now at {after.campaign.to_dict()['stage']}")

    # 6. The same action on the version already used: a typed 409 that names the rule.
    again = act_on_campaign.sync_detailed(campaign_id, ActOnCampaignAction.START_NEEDS, client=client, body=body)
    assert again.status_code == 409, (again.status_code, again.content)
    refusal = again.parsed
    assert isinstance(refusal, ApiError), refusal
    assert refusal.code == RuleCode.STALE_VERSION, refusal.code
    assert refusal.message_zh and refusal.message_en
    print(f"stale version refused: {refusal.code.value}: {refusal.message_zh} / {refusal.message_en}")
    print("exercise passed")


if __name__ == "__main__":
    main()
