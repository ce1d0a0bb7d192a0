/** HTTP methods of the KubeVela `request` step. */
export enum KubeVelaRequestMethod {
  GET = 'GET',
  POST = 'POST',
  PUT = 'PUT',
  DELETE = 'DELETE',
}

/**
 * Options of `KubeVelaCall.request`.
 */
export interface KubeVelaRequestOptions {
  /** The URL to call. */
  readonly url: string;

  /**
   * The HTTP method.
   *
   * @default KubeVelaRequestMethod.POST
   */
  readonly method?: KubeVelaRequestMethod;

  /**
   * The body, sent as JSON.
   *
   * @default - no body
   */
  readonly body?: { [key: string]: any };

  /**
   * Request headers. `Content-Type: application/json` is added when there is a body.
   *
   * @default - none
   */
  readonly headers?: { [name: string]: string };
}

/**
 * Options of `KubeVelaCall.webhook`.
 */
export interface KubeVelaWebhookOptions {
  /** The URL to POST to. */
  readonly url: string;

  /**
   * The payload.
   *
   * @default - the whole Application object
   */
  readonly data?: { [key: string]: any };
}

/**
 * Options of `KubeVelaCall.webhookFromSecret`.
 */
export interface KubeVelaSecretWebhookOptions {
  /** The Secret holding the URL, in the Application's namespace. */
  readonly secretName: string;

  /** The key of the URL in the Secret. */
  readonly secretKey: string;

  /**
   * The payload.
   *
   * @default - the whole Application object
   */
  readonly data?: { [key: string]: any };
}

/**
 * The call a KubeVela workflow makes after applying its components.
 */
export class KubeVelaCall {
  /**
   * A `request` step: waits for the response, fails on a status above 400, and exposes the parsed
   * JSON response to later steps.
   */
  public static request(options: KubeVelaRequestOptions): KubeVelaCall {
    const header = { ...options.headers };
    if (options.body !== undefined && !Object.keys(header).some(h => h.toLowerCase() === 'content-type')) {
      header['Content-Type'] = 'application/json';
    }
    return new KubeVelaCall('request', options.url, {
      url: options.url,
      method: options.method ?? KubeVelaRequestMethod.POST,
      body: options.body,
      header: Object.keys(header).length > 0 ? header : undefined,
    });
  }

  /** A `webhook` step: POSTs `data` (or the whole Application) to a URL. */
  public static webhook(options: KubeVelaWebhookOptions): KubeVelaCall {
    return new KubeVelaCall('webhook', options.url, { url: { value: options.url }, data: options.data });
  }

  /** A `webhook` step whose URL is read from a Secret. */
  public static webhookFromSecret(options: KubeVelaSecretWebhookOptions): KubeVelaCall {
    return new KubeVelaCall('webhook', undefined, {
      url: { secretRef: { name: options.secretName, key: options.secretKey } },
      data: options.data,
    });
  }

  /**
   * The URL, when it is given directly.
   *
   * @default - read from a Secret
   */
  public readonly url?: string;

  /** The WorkflowStepDefinition of the step (`request` or `webhook`). */
  public readonly stepType: string;

  /** The step's properties. */
  public readonly properties: { [key: string]: any };

  private constructor(stepType: string, url: string | undefined, properties: { [key: string]: any }) {
    this.stepType = stepType;
    this.url = url;
    this.properties = properties;
  }
}
