import { graphql } from '../generated/gql.js';

export const ZuckUsernameQuery = graphql(`
  query ZuckUsername {
    user(platform: THREADS, username: "zuck") {
      username
    }
  }
`);

export const ZuckFortyPostsQuery = graphql(`
  query ZuckFortyPosts {
    user(platform: THREADS, username: "zuck") {
      posts(first: 40) {
        edges {
          cursor
          node {
            id
            text
            createdAt
          }
        }
      }
    }
  }
`);

export const ProviderIdsQuery = graphql(`
  query ProviderIds {
    providers {
      id
    }
  }
`);

export const ZuckBesideProviderCircuitsQuery = graphql(`
  query ZuckBesideProviderCircuits {
    user(platform: THREADS, username: "zuck") {
      username
    }
    providers {
      id
      circuit
    }
  }
`);

export const ProvidersConfiguredBesideZuckQuery = graphql(`
  query ProvidersConfiguredBesideZuck {
    providers {
      id
      configured
    }
    user(platform: THREADS, username: "zuck") {
      username
    }
  }
`);
