// The parts of a kubeconfig podpatch understands, after merging, with every file path absolute.

export type ExecInteractiveMode = 'Never' | 'IfAvailable' | 'Always';

export type ExecConfig = {
  apiVersion: string;
  command: string;
  args: string[];
  env: { name: string; value: string }[];
  interactiveMode: ExecInteractiveMode;
  installHint?: string;
  provideClusterInfo: boolean;
};

export type KubeconfigCluster = {
  name: string;
  server: string;
  certificateAuthority?: string;
  certificateAuthorityData?: string;
  insecureSkipTlsVerify: boolean;
  tlsServerName?: string;
  proxyUrl?: string;
  /** The file this entry came from (client-go's LocationOfOrigin). */
  origin: string;
};

export type KubeconfigUser = {
  name: string;
  token?: string;
  tokenFile?: string;
  clientCertificate?: string;
  clientCertificateData?: string;
  clientKey?: string;
  clientKeyData?: string;
  username?: string;
  password?: string;
  exec?: ExecConfig;
  /** Only recorded to say clearly that legacy auth providers (gcp, oidc, azure) are not supported. */
  authProvider?: string;
  origin: string;
};

export type KubeconfigContext = { name: string; cluster: string; user: string; namespace?: string; origin: string };

/** Everything a transport needs to reach one cluster as one user; PEMs already read from disk. */
export type ResolvedContext = {
  name: string;
  namespace: string;
  /** True when the context names a namespace (false means the 'default' fallback). */
  namespaceFromContext: boolean;
  cluster: {
    name: string;
    server: string;
    caPem?: string;
    insecureSkipTlsVerify: boolean;
    tlsServerName?: string;
    proxyUrl?: string;
  };
  user: {
    name: string;
    token?: string;
    tokenFile?: string;
    clientCertPem?: string;
    clientKeyPem?: string;
    username?: string;
    password?: string;
    exec?: ExecConfig;
  };
  /** Whether exec plugins may run (false in an untrusted VS Code workspace, for instance). */
  allowExec: boolean;
};
