// A local OpenID provider for the sign-on tests. Any login name is accepted on its development
// login page; the account's e-mail is <login>@example.org.
import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_PORT);
const redirectUri = process.env.OIDC_REDIRECT_URI;

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [{
    client_id: 'uppsikt',
    client_secret: 'uppsikt-test-secret',
    redirect_uris: [redirectUri],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name'],
  },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: id, email: `${id}@example.org`, email_verified: true,
                 given_name: 'Test', family_name: id, name: `Test ${id}` };
      },
    };
  },
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ['uppsikt-test-cookie-key'] },
});
provider.proxy = false;

provider.listen(port, '127.0.0.1', () => {
  console.log(`READY http://127.0.0.1:${port}`);
});
