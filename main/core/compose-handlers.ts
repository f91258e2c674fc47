/** Keys that more than one part defines. */
type Overlap<Parts extends readonly object[], Seen extends PropertyKey = never> = Parts extends readonly [
  infer Head extends object,
  ...infer Rest extends readonly object[],
]
  ? Extract<keyof Head, Seen> | Overlap<Rest, Seen | keyof Head>
  : never;
type Merged<Parts extends readonly object[]> = Parts extends readonly [
  infer Head,
  ...infer Rest extends readonly object[],
]
  ? Head & Merged<Rest>
  : unknown;

/**
 * Merges the domains' slices of the contract. A name two domains both handle is a compile
 * error here; assigning the result to `OperationHandlers` (or `SubscriptionSources`) makes a
 * name no domain handles one too. So every operation has exactly one handler.
 */
export function exactlyOnce<const Parts extends readonly object[]>(
  ...parts: Overlap<Parts> extends never ? Parts : [`handled twice: ${Extract<Overlap<Parts>, string>}`]
): Merged<Parts> {
  return Object.assign({}, ...(parts as readonly object[])) as Merged<Parts>;
}
