export type ServiceContext = { core_offer: string, key_differentiator: string, call_to_action: string, timeline: string, goal: string, fallback_action: string, };
